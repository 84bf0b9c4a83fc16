package dev.lightkube.autoconfigure;

import dev.lightkube.annotation.KubeWatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.Errors;

/**
 * Checks {@code lightkube.*} values when they are bound, so that a bad value stops the start-up with the property's
 * name and the fix ({@link LightkubePropertiesFailureAnalyzer} prints them), before any request is sent. Each
 * rejection carries the fix as its only argument.
 */
final class LightkubePropertiesValidator {

	/** A Kubernetes namespace name: an RFC 1123 label. */
	private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

	private LightkubePropertiesValidator() {
	}

	static void validate(LightkubeProperties properties, Errors errors) {
		namespace(properties.getNamespace(), errors);
		server(properties.getServer(), errors);
		certificateAuthority(properties, errors);
		LightkubeProperties.Timeout timeout = properties.getTimeout();
		positive("timeout.connect", timeout.getConnect(), errors);
		positive("timeout.read", timeout.getRead(), errors);
		positive("timeout.write", timeout.getWrite(), errors);
		positive("timeout.pool", timeout.getPool(), errors);
		if (properties.getRetry().getMaxRetries() < 0) {
			reject(errors, "retry.maxRetries", "must not be negative",
					"Set lightkube.retry.max-retries to 0 or more, or lightkube.retry.enabled=false to never retry.");
		}
		LightkubeProperties.Watch watch = properties.getWatch();
		if (watch.getQueueCapacity() < 1) {
			reject(errors, "watch.queueCapacity", "must be at least 1",
					"Set lightkube.watch.queue-capacity to a positive number of events, such as 256 (the default).");
		}
		positive("watch.unhealthyAfter", watch.getUnhealthyAfter(), errors);
		notNegative("watch.shutdownTimeout", watch.getShutdownTimeout(), errors);
		positive("watch.initialBackoff", watch.getInitialBackoff(), errors);
		positive("watch.maxBackoff", watch.getMaxBackoff(), errors);
		if (isPositive(watch.getInitialBackoff()) && isPositive(watch.getMaxBackoff())
				&& watch.getMaxBackoff().compareTo(watch.getInitialBackoff()) < 0) {
			reject(errors, "watch.maxBackoff", "must not be shorter than lightkube.watch.initial-backoff ("
					+ watch.getInitialBackoff() + ")",
					"Set lightkube.watch.max-backoff to at least lightkube.watch.initial-backoff.");
		}
		Duration serverTimeout = watch.getServerTimeout();
		if (serverTimeout != null && serverTimeout.getSeconds() < 1) {
			reject(errors, "watch.serverTimeout", "must be at least one second (it is sent as timeoutSeconds)",
					"Set lightkube.watch.server-timeout to 1s or more, or remove it for a random 5 to 10 minutes.");
		}
		if (watch.getTransform() == null || watch.getTransform() == KubeWatch.Transform.DEFAULT) {
			reject(errors, "watch.transform", "must be none or drop-managed-fields (default is what refers to it)",
					"Set lightkube.watch.transform to none (the default) or drop-managed-fields.");
		}
		positive("health.timeout", properties.getHealth().getTimeout(), errors);
		LightkubeProperties.Response response = properties.getResponse();
		long maxSize = (response.getMaxSize() != null) ? response.getMaxSize().toBytes() : 0;
		if (maxSize < 1024 || maxSize > Integer.MAX_VALUE - 8) {
			reject(errors, "response.maxSize", "must be from 1KB to below 2GB (answers are read into byte arrays)",
					"Set lightkube.response.max-size to a size such as 64MB (the default).");
		}
		positive("response.deadline", response.getDeadline(), errors);
		LightkubeProperties.Connections connections = properties.getConnections();
		if (connections.getRequestPoolSize() < 1) {
			reject(errors, "connections.requestPoolSize", "must be at least 1",
					"Set lightkube.connections.request-pool-size to a positive number of connections, such as 64 "
							+ "(the default).");
		}
		if (connections.getStreamPoolSize() < 1) {
			reject(errors, "connections.streamPoolSize", "must be at least 1",
					"Set lightkube.connections.stream-pool-size to a positive number of connections, such as 1024 "
							+ "(the default).");
		}
		if (connections.getMaxPendingAcquires() < -1 || connections.getMaxPendingAcquires() == 0) {
			reject(errors, "connections.maxPendingAcquires", "must be -1 (no limit) or at least 1",
					"Set lightkube.connections.max-pending-acquires to -1 (the default) or a positive number.");
		}
	}

	private static void namespace(@Nullable String namespace, Errors errors) {
		if (namespace == null) {
			return;
		}
		if (namespace.length() > 63 || !DNS_1123_LABEL.matcher(namespace).matches()) {
			reject(errors, "namespace", "must be a DNS-1123 label: at most 63 lowercase letters, digits and '-', "
					+ "starting and ending with a letter or digit",
					"Set lightkube.namespace to a namespace name such as 'my-app', or remove it to use the "
							+ "context's namespace.");
		}
	}

	private static void server(@Nullable String server, Errors errors) {
		if (server == null) {
			return;
		}
		String fix = "Set lightkube.server to the API server's URL, such as https://my-cluster.example.com:6443.";
		URI uri;
		try {
			uri = new URI(server.strip());
		}
		catch (URISyntaxException ex) {
			reject(errors, "server", "is not a URL: " + ex.getReason(), fix);
			return;
		}
		if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
			reject(errors, "server", "must start with https:// or http://", fix);
		}
		else if (uri.getHost() == null) {
			reject(errors, "server", "names no host", fix);
		}
		else if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
			reject(errors, "server", "has port " + uri.getPort() + ", outside 1-65535", fix);
		}
	}

	private static void certificateAuthority(LightkubeProperties properties, Errors errors) {
		Path file = properties.getCertificateAuthority();
		if (file == null || properties.getServer() == null) {
			return;
		}
		String fix = "Set lightkube.certificate-authority to a readable PEM file of the CA certificates that sign "
				+ "the API server's certificate, or use lightkube.certificate-authority-data.";
		if (!Files.isReadable(file)) {
			reject(errors, "certificateAuthority", "file does not exist or cannot be read", fix);
			return;
		}
		try (InputStream in = Files.newInputStream(file)) {
			if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
				reject(errors, "certificateAuthority", "file holds no certificate", fix);
			}
		}
		catch (IOException | GeneralSecurityException ex) {
			reject(errors, "certificateAuthority", "file holds no PEM certificate", fix);
		}
		if (properties.isInsecureSkipTlsVerify()) {
			reject(errors, "insecureSkipTlsVerify", "cannot be combined with lightkube.certificate-authority",
					"Remove lightkube.insecure-skip-tls-verify (the certificate authority verifies the server), or "
							+ "remove lightkube.certificate-authority.");
		}
	}

	private static void positive(String field, @Nullable Duration value, Errors errors) {
		if (!isPositive(value)) {
			reject(errors, field, "must be a positive duration",
					"Set lightkube." + LightkubePropertiesFailureAnalyzer.kebab(field)
							+ " to a positive duration, such as 10s.");
		}
	}

	private static void notNegative(String field, @Nullable Duration value, Errors errors) {
		if (value == null || value.isNegative()) {
			reject(errors, field, "must not be negative", "Set lightkube."
					+ LightkubePropertiesFailureAnalyzer.kebab(field) + " to 0s or more, such as 10s.");
		}
	}

	private static boolean isPositive(@Nullable Duration value) {
		return value != null && !value.isNegative() && !value.isZero();
	}

	private static void reject(Errors errors, String field, String reason, String fix) {
		errors.rejectValue(field, "lightkube.invalid", new Object[] { fix }, reason);
	}

}
