@NullMarked
package dev.threadline.gateway.web;

import org.jspecify.annotations.NullMarked;
