package dev.lightkube.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The WatchList switches of {@link InformerOptions}. */
class InformerOptionsTests {

	@Test
	void watchListIsOnByDefaultWithATenSecondTimeout() {
		assertThat(InformerOptions.defaults().watchList()).isTrue();
		assertThat(InformerOptions.defaults().watchListTimeout()).isEqualTo(Duration.ofSeconds(10))
			.isEqualTo(InformerOptions.DEFAULT_WATCH_LIST_TIMEOUT);
	}

	@Test
	void watchListSwitchesAreKeptByEveryCopyAndTakePartInEquality() {
		InformerOptions options = InformerOptions.defaults()
			.withWatchList(false)
			.withWatchListTimeout(Duration.ofSeconds(3))
			.withNamespace("ns")
			.withHandlerQueueCapacity(7)
			.withTransform(Transforms.dropManagedFields());
		assertThat(options.watchList()).isFalse();
		assertThat(options.watchListTimeout()).isEqualTo(Duration.ofSeconds(3));
		InformerOptions same = InformerOptions.inNamespace("ns")
			.withHandlerQueueCapacity(7)
			.withTransform(Transforms.dropManagedFields())
			.withWatchList(false)
			.withWatchListTimeout(Duration.ofSeconds(3));
		assertThat(options).isEqualTo(same).hasSameHashCodeAs(same);
		assertThat(options).isNotEqualTo(same.withWatchList(true))
			.isNotEqualTo(same.withWatchListTimeout(Duration.ofSeconds(4)));
		assertThat(options.toString()).contains("watchList=false", "watchListTimeout=PT3S");
	}

	@Test
	void aTimeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> InformerOptions.defaults().withWatchListTimeout(
				Duration.ZERO)).withMessageContaining("watchListTimeout must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> InformerOptions.defaults().withWatchListTimeout(
				Duration.ofSeconds(-1)));
		assertThatNullPointerException().isThrownBy(() -> InformerOptions.defaults().withWatchListTimeout(null));
	}

}
