package dev.lightkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SelectorParseTests {

	@Test
	void parseReadsEveryOperatorAndRendersTheSameQuery() {
		Selector selector = Selector.parse("app=web, tier!=db,env in (prod, staging),zone notin (a),team,!legacy,x==y");
		assertThat(selector).isEqualTo(Selector.none()
			.equal("app", "web")
			.notEqual("tier", "db")
			.in("env", "prod", "staging")
			.notIn("zone", "a")
			.exists("team")
			.notExists("legacy")
			.equal("x", "y"));
	}

	@Test
	void parseOfNothingIsNone() {
		assertThat(Selector.parse(null)).isEqualTo(Selector.none());
		assertThat(Selector.parse("  ")).isEqualTo(Selector.none());
	}

	@Test
	void parseRejectsWhatItCannotReadNamingThePart() {
		assertThatIllegalArgumentException().isThrownBy(() -> Selector.parse("app in web"))
			.withMessageContaining("'app in web'");
		assertThatIllegalArgumentException().isThrownBy(() -> Selector.parse("=web"))
			.withMessageContaining("near ''");
	}

}
