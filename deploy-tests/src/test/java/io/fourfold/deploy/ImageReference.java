package io.fourfold.deploy;

import java.util.Optional;

/** Checks an image reference the way we pin images: an explicit tag (or digest) that is not {@code latest}. */
final class ImageReference {

    private ImageReference() {
    }

    /** What is wrong with the reference, or empty when it is pinned. */
    static Optional<String> problem(String image) {
        if (image.isBlank()) {
            return Optional.of("no image");
        }
        if (image.contains("${")) {
            return Optional.of("image is an unresolved variable: " + image);
        }
        if (image.contains("@sha256:")) {
            return Optional.empty();
        }
        String lastSegment = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastSegment.indexOf(':');
        if (colon < 0) {
            return Optional.of("untagged image " + image + " (means latest)");
        }
        String tag = lastSegment.substring(colon + 1);
        if (tag.isBlank() || tag.equalsIgnoreCase("latest")) {
            return Optional.of("image " + image + " uses the tag latest");
        }
        return Optional.empty();
    }
}
