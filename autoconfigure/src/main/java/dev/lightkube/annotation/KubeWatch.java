package dev.lightkube.annotation;

import dev.lightkube.EventType;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Delivers the changes of one kind of Kubernetes object to the annotated method of a Spring bean, like an informer:
 * first every existing object as {@code ADDED}, then each change, without losing or repeating any across
 * disconnects and expired resource versions.
 *
 * <p>Supported signatures: {@code (WatchEvent<T>)}, {@code (T)} and {@code (EventType, T)}, returning {@code void}
 * or {@code Mono<Void>}. The method runs on the listener's own thread (never a network thread), one event at a time,
 * in order, so it may call the blocking {@code KubeClient}. String attributes accept {@code ${...}} placeholders.
 *
 * <p>Listeners of the same kind, namespace, selectors and {@link #transform()} share one
 * {@code dev.lightkube.informer.SharedInformer}: one list, one watch and one cache for all of them, while each keeps
 * its own thread, queue, event types, error handler and state in health. A listener started while the informer runs
 * receives the cached objects as {@code ADDED} first.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(KubeWatches.class)
public @interface KubeWatch {

	/** The fabric8 model class of the objects; leave unset and use {@link #kind()} etc. for a generic resource. */
	Class<?> value() default Void.class;

	/** Generic resource: the API group ({@code ""} for the core group). */
	String group() default "";

	/** Generic resource: the API version, such as {@code v1}. */
	String version() default "";

	/** Generic resource: the kind, such as {@code Widget}. */
	String kind() default "";

	/** Generic resource: the plural name, such as {@code widgets}. */
	String plural() default "";

	/** Generic resource: whether the kind is namespaced ({@code "true"} or {@code "false"}). */
	String namespaced() default "true";

	/** The namespace to watch: empty for the client's, {@code "*"} for all namespaces. */
	String namespace() default "";

	/** Label selector, such as {@code app=web,tier!=db,env in (prod,staging)}. */
	String labels() default "";

	/** Field selector, such as {@code status.phase=Running}. */
	String fields() default "";

	/** The event types delivered to the method. */
	EventType[] events() default { EventType.ADDED, EventType.MODIFIED, EventType.DELETED };

	/** The listener's id (default: bean name, method name and an index), to stop and start it at run time. */
	String id() default "";

	/** Whether the listener starts with the application context ({@code "true"} or {@code "false"}). */
	String autoStartup() default "true";

	/** Name of a {@code KubeWatchErrorHandler} bean for exceptions the method throws; default: log and count. */
	String errorHandler() default "";

	/**
	 * Whether the listener runs only on the replica that leads ({@code "true"} or {@code "false"}; needs
	 * {@code lightkube.leader-election.enabled}): it starts when this replica becomes the leader and stops, finishing
	 * the event in hand, when it stops leading. Empty: {@code lightkube.leader-election.leader-only-by-default}.
	 */
	String leaderOnly() default "";

	/**
	 * What is kept of each object, in the cache and in what the method receives. Listeners share one informer per
	 * kind, namespace, selectors and transform, so listeners of the same objects must ask for the same transform.
	 * {@link Transform#DEFAULT}: {@code lightkube.watch.transform}. An enum rather than a bean name, so that a typo is a
	 * compile error and two listeners' transforms can be compared to share an informer.
	 */
	Transform transform() default Transform.DEFAULT;

	/** What a listener's informer keeps of each object. */
	enum Transform {

		/** The default of the application: {@code lightkube.watch.transform}. */
		DEFAULT,

		/** The objects as the server sends them. */
		NONE,

		/**
		 * Without {@code metadata.managedFields} (server-side apply bookkeeping, often the largest part of a small
		 * object): {@code dev.lightkube.informer.Transforms#dropManagedFields()}.
		 */
		DROP_MANAGED_FIELDS

	}

}
