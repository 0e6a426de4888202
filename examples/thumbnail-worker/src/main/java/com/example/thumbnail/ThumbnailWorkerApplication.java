package com.example.thumbnail;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Fourfold worker of its own: the worker starter finds {@link ThumbnailHandler} and serves its task type on the
 * transport that {@code fourfold.transport} names (Redis here, see {@code application.yml}).
 */
@SpringBootApplication
public class ThumbnailWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ThumbnailWorkerApplication.class, args);
    }
}
