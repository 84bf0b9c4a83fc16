package dev.lightkube.internal.http;

import dev.lightkube.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A bearer token read from a file that rotates (service-account tokens expire in about an hour): re-read at
 * most every minute and right after a 401, keeping the last good token when a read fails, like client-go's
 * {@code cachingTokenSource}.
 */
final class TokenFileCredentialSource implements CredentialSource {

	static final Duration REREAD_INTERVAL = Duration.ofMinutes(1);

	private static final Logger logger = LoggerFactory.getLogger(RequestLogging.LOGGER_NAME);

	private final Path file;

	private final String owner;

	private final Clock clock;

	private volatile @Nullable Credential current;

	private volatile @Nullable Instant readAt;

	/**
	 * @param file the token file
	 * @param fallbackToken a token to use until the file has been read once (the kubeconfig's {@code token})
	 * @param owner names the user for messages
	 */
	TokenFileCredentialSource(Path file, @Nullable String fallbackToken, String owner, Clock clock) {
		this.file = file;
		this.owner = owner;
		this.clock = clock;
		this.current = (fallbackToken != null && !fallbackToken.isEmpty())
				? Credential.authorization("Bearer " + fallbackToken) : null;
	}

	@Override
	public Mono<Credential> credential() {
		return Mono.defer(() -> {
			Credential credential = this.current;
			Instant readAt = this.readAt;
			if (credential != null && readAt != null
					&& this.clock.instant().isBefore(readAt.plus(REREAD_INTERVAL))) {
				return Mono.just(credential);
			}
			// A file read blocks: keep it off the event loop.
			return Mono.fromCallable(this::read).subscribeOn(Schedulers.boundedElastic());
		});
	}

	@Override
	public boolean rejected(Credential credential) {
		this.readAt = null;
		return true;
	}

	private Credential read() {
		String failure;
		try {
			String token = Files.readString(this.file, StandardCharsets.UTF_8).trim();
			if (!token.isEmpty()) {
				Credential credential = this.current;
				if (credential == null || !("Bearer " + token).equals(credential.authorization())) {
					credential = Credential.authorization("Bearer " + token);
					this.current = credential;
				}
				this.readAt = this.clock.instant();
				return credential;
			}
			failure = "it is empty";
		}
		catch (IOException | RuntimeException ex) {
			failure = ex.getClass().getSimpleName();
		}
		Credential lastGood = this.current;
		if (lastGood == null) {
			throw new ConfigException("Cannot read the token file " + this.file + " of " + this.owner + ": " + failure);
		}
		logger.debug("Keeping the last token of {}: cannot read the token file {}: {}", this.owner, this.file, failure);
		this.readAt = this.clock.instant();
		return lastGood;
	}

	@Override
	public String toString() {
		return "TokenFileCredentialSource[file=" + this.file + "]";
	}

}
