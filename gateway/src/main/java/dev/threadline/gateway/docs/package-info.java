/** The API's own documentation, served by the gateway. */
@NullMarked
package dev.threadline.gateway.docs;

import org.jspecify.annotations.NullMarked;
