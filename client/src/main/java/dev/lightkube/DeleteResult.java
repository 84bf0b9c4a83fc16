package dev.lightkube;

import io.fabric8.kubernetes.api.model.Status;
import org.jspecify.annotations.Nullable;

/**
 * The server's answer to a delete: either the object(s) as they are now (being deleted, or gone) or a
 * {@link Status}, depending on the kind and the API server.
 *
 * @param object the deleted object, or the deleted objects of a deletecollection; {@code null} when the server
 *     answered with a {@code Status}
 * @param status the {@code Status} the server answered with, or {@code null}
 * @param <R> the object's type ({@code List<T>} for deletecollection)
 */
public record DeleteResult<R>(@Nullable R object, @Nullable Status status) {
}
