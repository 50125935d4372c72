/** Secrets read from files ({@code JWT_SECRET_FILE} and the like), for container secrets mounted as files. */
@NullMarked
package dev.threadline.common.secret;

import org.jspecify.annotations.NullMarked;
