/**
 * The task contract shared by every process: the stored record, the envelope that travels through a
 * transport, the seven states and the moves allowed between them.
 */
@NullMarked
package io.fourfold.task;

import org.jspecify.annotations.NullMarked;
