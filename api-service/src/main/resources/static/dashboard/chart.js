// A small line chart of throughput on a canvas: one sample per poll, the newest on the right.

const CAPACITY = 90;

export class ThroughputChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.samples = [];
  }

  add(value) {
    this.samples.push(value);
    if (this.samples.length > CAPACITY) {
      this.samples.shift();
    }
    this.canvas.dataset.samples = String(this.samples.length);
    this.draw();
  }

  draw() {
    const { canvas, samples } = this;
    const context = canvas.getContext('2d');
    const width = canvas.width;
    const height = canvas.height;
    const style = getComputedStyle(canvas);
    context.clearRect(0, 0, width, height);
    const top = Math.max(1, ...samples) * 1.15;
    context.font = '11px system-ui, sans-serif';
    context.fillStyle = style.getPropertyValue('--muted') || '#777';
    context.strokeStyle = style.getPropertyValue('--grid') || '#ddd';
    context.lineWidth = 1;
    for (const fraction of [0, 0.5, 1]) {
      const y = Math.round(height - 4 - fraction * (height - 16)) + 0.5;
      context.beginPath();
      context.moveTo(0, y);
      context.lineTo(width, y);
      context.stroke();
      context.fillText(`${formatRate(fraction * top)}/s`, 4, y - 3);
    }
    if (samples.length < 2) {
      return;
    }
    const step = width / (CAPACITY - 1);
    const x = (i) => width - (samples.length - 1 - i) * step;
    const y = (v) => height - 4 - (v / top) * (height - 16);
    context.beginPath();
    samples.forEach((value, i) => (i === 0 ? context.moveTo(x(i), y(value)) : context.lineTo(x(i), y(value))));
    context.strokeStyle = style.getPropertyValue('--accent') || '#2b6cb0';
    context.lineWidth = 2;
    context.stroke();
    context.lineTo(x(samples.length - 1), height);
    context.lineTo(x(0), height);
    context.closePath();
    context.globalAlpha = 0.12;
    context.fillStyle = context.strokeStyle;
    context.fill();
    context.globalAlpha = 1;
  }
}

export function formatRate(value) {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
