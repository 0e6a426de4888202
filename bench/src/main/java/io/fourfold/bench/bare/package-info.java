/** The bare WebFlux endpoint that the HTTP submit of api-service is compared with: no store, no broker, no checks. */
@NullMarked
package io.fourfold.bench.bare;

import org.jspecify.annotations.NullMarked;
