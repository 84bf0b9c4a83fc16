package dev.lightkube.internal.http;

import dev.lightkube.config.Cluster;
import dev.lightkube.config.ConfigException;
import dev.lightkube.config.ExecConfig;
import dev.lightkube.config.ExecConfig.InteractiveMode;
import dev.lightkube.config.SingleConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Credentials from an exec plugin ({@code client.authentication.k8s.io/v1} and {@code v1beta1}), as client-go's
 * {@code plugin/pkg/client/auth/exec}: cached until {@code status.expirationTimestamp}, one plugin run shared by
 * every concurrent caller, a fresh run after a 401. The plugin runs on a bounded-elastic thread, never on an
 * event loop.
 */
final class ExecCredentialSource implements CredentialSource {

	static final Set<String> API_VERSIONS = Set.of("client.authentication.k8s.io/v1",
			"client.authentication.k8s.io/v1beta1");

	private static final String KIND = "ExecCredential";

	private static final int MAX_OUTPUT = 1024 * 1024;

	private static final JsonMapper json = JsonMapper.shared();

	private static final Logger logger = LoggerFactory.getLogger(RequestLogging.LOGGER_NAME);

	private final ExecConfig exec;

	private final SingleConfig config;

	private final String owner;

	private final ClientKeyManager keyManager;

	private final Clock clock;

	private final BooleanSupplier hasConsole;

	private final Mono<Credential> cached;

	private volatile @Nullable Credential rejected;

	/**
	 * @param keyManager receives the client certificate a plugin hands out
	 * @param hasConsole whether standard input is a terminal ({@code interactiveMode})
	 */
	ExecCredentialSource(ExecConfig exec, SingleConfig config, String owner, ClientKeyManager keyManager, Clock clock,
			BooleanSupplier hasConsole) {
		if (!API_VERSIONS.contains(exec.apiVersion())) {
			throw new ConfigException("Unsupported exec apiVersion '" + exec.apiVersion() + "' of " + owner
					+ "; expected one of " + API_VERSIONS);
		}
		this.exec = exec;
		this.config = config;
		this.owner = owner;
		this.keyManager = keyManager;
		this.clock = clock;
		this.hasConsole = hasConsole;
		// cacheInvalidateIf shares one run among concurrent subscribers and does not cache errors.
		this.cached = Mono.fromCallable(this::run)
			.subscribeOn(Schedulers.boundedElastic())
			.cacheInvalidateIf((credential) -> credential.expired(this.clock.instant()) || credential == this.rejected);
	}

	@Override
	public Mono<Credential> credential() {
		return this.cached;
	}

	@Override
	public boolean rejected(Credential credential) {
		this.rejected = credential;
		return true;
	}

	private Credential run() {
		boolean interactive = interactive();
		List<String> command = new ArrayList<>();
		command.add(command());
		command.addAll(this.exec.args());
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().putAll(this.exec.env());
		builder.environment().put("KUBERNETES_EXEC_INFO", execInfo(interactive));
		builder.redirectError(ProcessBuilder.Redirect.INHERIT);
		if (interactive) {
			builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
		}
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			String hint = this.exec.installHint();
			throw new ConfigException("Cannot run the exec plugin '" + this.exec.command() + "' of " + this.owner
					+ ": " + ex.getMessage() + ((hint != null && !hint.isBlank()) ? "\n" + hint.strip() : ""), null);
		}
		byte[] output;
		int exitCode;
		try {
			if (!interactive) {
				process.getOutputStream().close();
			}
			output = readLimited(process.getInputStream());
			exitCode = process.waitFor();
		}
		catch (IOException ex) {
			process.destroyForcibly();
			throw failure("its output could not be read (" + ex.getClass().getSimpleName() + ")");
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw failure("it was interrupted");
		}
		if (exitCode != 0) {
			throw failure("it exited with code " + exitCode);
		}
		Credential credential = parse(output);
		logger.debug("The exec plugin '{}' of {} provided a {} valid until {}", this.exec.command(), this.owner,
				credential.hasCertificate() ? "client certificate" : "token",
				(credential.expiry() != null) ? credential.expiry() : "replaced");
		if (credential.hasCertificate()) {
			// Connections opened from now on present it; a kubeconfig client certificate stays otherwise.
			this.keyManager.use(credential);
		}
		return credential;
	}

	private boolean interactive() {
		InteractiveMode mode = this.exec.interactiveMode();
		if (mode == InteractiveMode.NEVER) {
			return false;
		}
		boolean console = this.hasConsole.getAsBoolean();
		if (mode == InteractiveMode.ALWAYS && !console) {
			throw failure("its interactiveMode is Always but standard input is not a terminal");
		}
		return console;
	}

	private String command() {
		String command = this.exec.command();
		Path source = this.config.source();
		// A relative path with a separator is relative to the kubeconfig's folder; a bare name is looked up on PATH.
		if (command.contains("/") && !Path.of(command).isAbsolute() && source != null && source.getParent() != null) {
			return source.getParent().resolve(command).toString();
		}
		return command;
	}

	private String execInfo(boolean interactive) {
		ObjectNode info = json.createObjectNode();
		info.put("apiVersion", this.exec.apiVersion());
		info.put("kind", KIND);
		ObjectNode spec = info.putObject("spec");
		spec.put("interactive", interactive);
		if (this.exec.provideClusterInfo()) {
			Cluster cluster = this.config.cluster();
			ObjectNode node = spec.putObject("cluster");
			node.put("server", cluster.server());
			if (cluster.tlsServerName() != null) {
				node.put("tls-server-name", cluster.tlsServerName());
			}
			if (cluster.insecureSkipTlsVerify()) {
				node.put("insecure-skip-tls-verify", true);
			}
			byte[] ca = Pem.bytes(cluster.certificateAuthorityData(), cluster.certificateAuthority(),
					"certificate-authority of cluster '" + this.config.context().cluster() + "'");
			if (ca != null) {
				node.put("certificate-authority-data", Base64.getEncoder().encodeToString(ca));
			}
			if (cluster.proxyUrl() != null) {
				node.put("proxy-url", cluster.proxyUrl());
			}
			if (cluster.disableCompression()) {
				node.put("disable-compression", true);
			}
		}
		return json.writeValueAsString(info);
	}

	// Messages name the user and the command, never the output: it holds the secret.
	private Credential parse(byte[] output) {
		JsonNode root;
		try {
			root = json.readTree(output);
		}
		catch (JacksonException ex) {
			throw failure("its output is not JSON");
		}
		if (root == null || !root.isObject()) {
			throw failure("its output is not a JSON object");
		}
		String apiVersion = root.path("apiVersion").stringValue(null);
		if (!this.exec.apiVersion().equals(apiVersion)) {
			throw failure("its output does not have apiVersion '" + this.exec.apiVersion() + "'");
		}
		if (!KIND.equals(root.path("kind").stringValue(null))) {
			throw failure("its output does not have kind '" + KIND + "'");
		}
		JsonNode status = root.path("status");
		if (!status.isObject()) {
			throw failure("its output has no status");
		}
		String token = status.path("token").stringValue(null);
		String certificate = status.path("clientCertificateData").stringValue(null);
		String key = status.path("clientKeyData").stringValue(null);
		if (isEmpty(certificate) != isEmpty(key)) {
			throw failure("its output has " + (isEmpty(key) ? "clientCertificateData without clientKeyData"
					: "clientKeyData without clientCertificateData"));
		}
		if (isEmpty(token) && isEmpty(certificate)) {
			throw failure("its output has neither a token nor clientCertificateData and clientKeyData");
		}
		Instant expiry = expiry(status.path("expirationTimestamp").stringValue(null));
		String authorization = isEmpty(token) ? null : "Bearer " + token;
		if (isEmpty(certificate)) {
			return new Credential(authorization, List.of(), null, expiry);
		}
		String field = "the exec plugin '" + this.exec.command() + "' output of " + this.owner;
		return new Credential(authorization,
				Pem.certificates(certificate.getBytes(StandardCharsets.US_ASCII), "clientCertificateData of " + field),
				Pem.privateKey(key.getBytes(StandardCharsets.US_ASCII), "clientKeyData of " + field), expiry);
	}

	private @Nullable Instant expiry(@Nullable String timestamp) {
		if (isEmpty(timestamp)) {
			return null;
		}
		try {
			return OffsetDateTime.parse(timestamp).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw failure("its output has an invalid status.expirationTimestamp (not RFC 3339)");
		}
	}

	private ConfigException failure(String reason) {
		return new ConfigException("The exec plugin '" + this.exec.command() + "' of " + this.owner
				+ " did not provide a credential: " + reason);
	}

	private static byte[] readLimited(InputStream input) throws IOException {
		byte[] output = input.readNBytes(MAX_OUTPUT + 1);
		if (output.length > MAX_OUTPUT) {
			throw new IOException("more than " + MAX_OUTPUT + " bytes");
		}
		return output;
	}

	private static boolean isEmpty(@Nullable String value) {
		return value == null || value.isEmpty();
	}

	@Override
	public String toString() {
		return "ExecCredentialSource[" + this.exec + "]";
	}

}
