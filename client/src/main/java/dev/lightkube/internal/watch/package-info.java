/**
 * The watch engine: decodes a watch stream as it arrives and keeps a watch going across stream ends, bookmarks,
 * expired resource versions and faults. Independent of the client; internal: may change without notice.
 */
@NullMarked
package dev.lightkube.internal.watch;

import org.jspecify.annotations.NullMarked;
