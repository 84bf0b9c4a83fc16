/**
 * Auto-configuration of leader election ({@code lightkube.leader-election.*}).
 */
@NullMarked
package dev.lightkube.autoconfigure.leader;

import org.jspecify.annotations.NullMarked;
