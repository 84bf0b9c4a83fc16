package dev.lightkube.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains invalid {@code lightkube.*} values: each property by its name in {@code application.properties}
 * ({@code lightkube.watch.queue-capacity}, not the Java field), the value, where it was set, what is wrong and what to
 * set instead. Runs before Spring Boot's generic analyzer, which would print Java field names and no fix.
 */
class LightkubePropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
		implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		StringBuilder description = new StringBuilder("Invalid lightkube configuration:\n");
		StringBuilder action = new StringBuilder();
		boolean ours = false;
		for (ObjectError error : cause.getValidationErrors().getAllErrors()) {
			if (!(error instanceof FieldError field) || !"lightkube".equals(error.getObjectName())
					|| !"lightkube.invalid".equals(error.getCode())) {
				continue;
			}
			ours = true;
			String property = "lightkube." + kebab(field.getField());
			description.append("\n    Property: ").append(property);
			// The server URL may carry credentials in its user-info: the reason says what is wrong with it instead.
			if (!property.equals("lightkube.server")) {
				description.append("\n    Value: \"").append(value(field.getRejectedValue())).append('"');
			}
			Origin origin = Origin.from(field);
			if (origin != null) {
				description.append("\n    Origin: ").append(origin);
			}
			description.append("\n    Reason: ").append(property).append(' ').append(field.getDefaultMessage())
				.append('\n');
			Object[] arguments = field.getArguments();
			if (arguments != null && arguments.length > 0) {
				action.append((action.length() > 0) ? "\n" : "").append(arguments[0]);
			}
		}
		return ours ? new FailureAnalysis(description.toString(), action.toString(), cause) : null;
	}

	/** As it would be written in properties: {@code -5s}, not {@code PT-5S}. */
	private static @Nullable Object value(@Nullable Object value) {
		if (value instanceof Duration duration) {
			boolean wholeSeconds = duration.getNano() == 0;
			return DurationStyle.SIMPLE.print(duration, wholeSeconds ? ChronoUnit.SECONDS : ChronoUnit.MILLIS);
		}
		return value;
	}

	/** {@code watch.queueCapacity} as it is written in properties: {@code watch.queue-capacity}. */
	static String kebab(String field) {
		return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
