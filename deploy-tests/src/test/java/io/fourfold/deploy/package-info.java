/**
 * Offline checks of what users deploy: the Dockerfiles, docker-compose.yml and the k8s/ manifests (render, schema,
 * policy), and the network-namespace script. Nothing here needs a Docker engine or a cluster.
 */
@NullMarked
package io.fourfold.deploy;

import org.jspecify.annotations.NullMarked;
