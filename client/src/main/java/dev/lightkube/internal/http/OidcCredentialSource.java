package dev.lightkube.internal.http;

import dev.lightkube.config.AuthProvider;
import dev.lightkube.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * A kubeconfig {@code auth-provider: oidc} user, as kubectl's (client-go {@code plugin/pkg/client/auth/oidc}): the
 * {@code id-token} is the bearer token while it is valid; once it has expired (or the server answered 401), it is
 * renewed with the {@code refresh-token} at the token endpoint that the issuer's
 * {@code /.well-known/openid-configuration} names, and the new tokens are written back into the kubeconfig file that
 * defines the user. One refresh serves all concurrent callers. Tokens never appear in logs or messages.
 */
final class OidcCredentialSource implements CredentialSource {

	/** client-go treats an id-token as expired this long before its {@code exp}. */
	static final Duration EXPIRY_DELTA = Duration.ofSeconds(10);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(RequestLogging.LOGGER_NAME);

	private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

	private final AuthProvider provider;

	private final @Nullable String userName;

	private final String owner;

	private final Clock clock;

	private final String issuer;

	private volatile @Nullable HttpClient http;

	private volatile @Nullable String idToken;

	private volatile @Nullable String refreshToken;

	private volatile @Nullable URI tokenEndpoint;

	/**
	 * @param provider the user's auth-provider entry
	 * @param userName the user's name in the kubeconfig, to write refreshed tokens back; {@code null}: do not
	 * @param owner names the user for messages
	 */
	OidcCredentialSource(AuthProvider provider, @Nullable String userName, String owner, Clock clock) {
		this.provider = provider;
		this.userName = userName;
		this.owner = owner;
		this.clock = clock;
		String issuer = provider.config().get("idp-issuer-url");
		if (issuer == null || provider.config().get("client-id") == null) {
			throw new ConfigException(owner + ": the oidc auth-provider needs idp-issuer-url and client-id");
		}
		this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		this.idToken = provider.config().get("id-token");
		this.refreshToken = provider.config().get("refresh-token");
	}

	@Override
	public Mono<Credential> credential() {
		return Mono.defer(() -> {
			String token = this.idToken;
			if (token != null && !expired(token)) {
				return Mono.just(Credential.authorization("Bearer " + token));
			}
			// The refresh blocks (HTTP, file): keep it off the event loop.
			return Mono.fromCallable(this::refresh).subscribeOn(Schedulers.boundedElastic());
		});
	}

	@Override
	public boolean rejected(Credential credential) {
		String token = this.idToken;
		if (token != null && ("Bearer " + token).equals(credential.authorization())) {
			this.idToken = null;
		}
		return this.refreshToken != null;
	}

	/** Whether a JWT's {@code exp} is past (with client-go's margin); an unreadable token counts as expired. */
	boolean expired(String jwt) {
		String[] parts = jwt.split("\\.");
		if (parts.length < 2) {
			return true;
		}
		try {
			JsonNode claims = YAML.readTree(Base64.getUrlDecoder().decode(parts[1]));
			JsonNode exp = claims.get("exp");
			if (exp == null || !exp.isNumber()) {
				return true;
			}
			return !this.clock.instant().plus(EXPIRY_DELTA).isBefore(Instant.ofEpochSecond(exp.asLong()));
		}
		catch (IllegalArgumentException | JacksonException ex) {
			return true;
		}
	}

	private synchronized Credential refresh() {
		// Another caller may have refreshed while this one waited for the lock.
		String current = this.idToken;
		if (current != null && !expired(current)) {
			return Credential.authorization("Bearer " + current);
		}
		String refresh = this.refreshToken;
		if (refresh == null) {
			throw new ConfigException(this.owner + ": the OIDC id-token has expired and there is no refresh-token to"
					+ " renew it; log in again with your OIDC tool");
		}
		URI endpoint = tokenEndpoint();
		StringBuilder form = new StringBuilder("grant_type=refresh_token&refresh_token=").append(encode(refresh));
		HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
			.timeout(TIMEOUT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json");
		String clientId = this.provider.config().get("client-id");
		String clientSecret = this.provider.config().get("client-secret");
		if (clientSecret != null) {
			// RFC 6749 2.3.1: HTTP Basic with the form-encoded id and secret (what golang.org/x/oauth2 tries first).
			String pair = encode(clientId) + ":" + encode(clientSecret);
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
		}
		else {
			form.append("&client_id=").append(encode(clientId));
		}
		JsonNode answer = send(request.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
				"refreshing the id-token at " + endpoint);
		String newIdToken = answer.path("id_token").asString("");
		if (newIdToken.isEmpty()) {
			throw new ConfigException(this.owner + ": the OIDC token endpoint " + endpoint
					+ " answered without an id_token");
		}
		String newRefreshToken = answer.path("refresh_token").asString("");
		this.idToken = newIdToken;
		if (!newRefreshToken.isEmpty()) {
			this.refreshToken = newRefreshToken;
		}
		persist(newIdToken, this.refreshToken);
		return Credential.authorization("Bearer " + newIdToken);
	}

	private URI tokenEndpoint() {
		URI endpoint = this.tokenEndpoint;
		if (endpoint != null) {
			return endpoint;
		}
		URI discovery = URI.create(this.issuer + "/.well-known/openid-configuration");
		JsonNode document = send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT).header("Accept", "application/json")
			.GET()
			.build(), "reading " + discovery);
		String value = document.path("token_endpoint").asString("");
		if (value.isEmpty()) {
			throw new ConfigException(this.owner + ": " + discovery + " names no token_endpoint");
		}
		try {
			endpoint = URI.create(value);
		}
		catch (IllegalArgumentException ex) {
			throw new ConfigException(this.owner + ": " + discovery + " names an invalid token_endpoint");
		}
		this.tokenEndpoint = endpoint;
		return endpoint;
	}

	private JsonNode send(HttpRequest request, String what) {
		HttpResponse<String> response;
		try {
			response = httpClient().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new ConfigException(this.owner + ": " + what + " failed: " + ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConfigException(this.owner + ": " + what + " was interrupted");
		}
		JsonNode body = null;
		try {
			body = YAML.readTree(response.body());
		}
		catch (JacksonException ex) {
			// described below by the status; the body is never quoted (it may hold tokens)
		}
		if (response.statusCode() / 100 != 2 || body == null || !body.isObject()) {
			// OAuth2 errors (RFC 6749 5.2) carry a code such as invalid_grant: safe to show, unlike the body.
			String error = (body != null) ? body.path("error").asString("") : "";
			throw new ConfigException(this.owner + ": OIDC " + what + " failed: HTTP " + response.statusCode()
					+ (error.isEmpty() ? "" : " (" + error + ")")
					+ ((response.statusCode() == 400 || response.statusCode() == 401) ? "; log in again" : ""));
		}
		return body;
	}

	private HttpClient httpClient() {
		HttpClient client = this.http;
		if (client == null) {
			HttpClient.Builder builder = HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(10))
				.followRedirects(HttpClient.Redirect.NORMAL);
			SSLContext ssl = sslContext();
			if (ssl != null) {
				builder.sslContext(ssl);
			}
			client = builder.build();
			this.http = client;
		}
		return client;
	}

	/** Trust for the issuer: {@code idp-certificate-authority(-data)}, else the JVM's. */
	private @Nullable SSLContext sslContext() {
		String data = this.provider.config().get("idp-certificate-authority-data");
		String file = this.provider.config().get("idp-certificate-authority");
		if (data == null && file == null) {
			return null;
		}
		String field = "idp-certificate-authority of " + this.owner;
		byte[] pem;
		try {
			pem = Pem.bytes((data != null) ? Base64.getMimeDecoder().decode(data) : null,
					(file != null) ? Path.of(file) : null, field);
		}
		catch (IllegalArgumentException ex) {
			throw new ConfigException(field + " is not valid base64");
		}
		List<X509Certificate> certificates = Pem.certificates(pem, field);
		try {
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			for (int i = 0; i < certificates.size(); i++) {
				store.setCertificateEntry("ca-" + i, certificates.get(i));
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new ConfigException(field + " cannot be used: " + ex.getClass().getSimpleName());
		}
	}

	/** Writes the new tokens into the user's auth-provider config, as kubectl does; failures only logged. */
	private void persist(String newIdToken, @Nullable String newRefreshToken) {
		Path file = this.provider.file();
		if (file == null || this.userName == null) {
			return;
		}
		synchronized (OidcCredentialSource.class) {
			try {
				JsonNode root = YAML.readTree(Files.readString(file));
				ObjectNode config = null;
				for (JsonNode user : root.path("users")) {
					if (this.userName.equals(user.path("name").asString(null))
							&& user.path("user").path("auth-provider").path("config") instanceof ObjectNode node) {
						config = node;
					}
				}
				if (config == null) {
					logger.warn("Cannot write the refreshed OIDC tokens of {} back to {}: the user is no longer there",
							this.owner, file);
					return;
				}
				config.put("id-token", newIdToken);
				if (newRefreshToken != null) {
					config.put("refresh-token", newRefreshToken);
				}
				Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".kubeconfig", ".tmp");
				try {
					copyPermissions(file, temporary);
					Files.writeString(temporary, YAML.writeValueAsString(root));
					Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				}
				finally {
					Files.deleteIfExists(temporary);
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Cannot write the refreshed OIDC tokens of {} back to {}: {}", this.owner, file,
						ex.getClass().getSimpleName());
			}
		}
	}

	private static void copyPermissions(Path from, Path to) throws IOException {
		try {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(from);
			Files.setPosixFilePermissions(to, permissions);
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: the temporary file keeps its defaults
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "OidcCredentialSource[issuer=" + this.issuer + "]";
	}

}
