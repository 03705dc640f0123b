package io.polarity.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polarity.pipeline.config.InvalidConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotionPolicyTest {
  @Test
  void aLowerIsBetterMetricPromotesTheLowerScore() {
    PromotionPolicy byLoss = new PromotionPolicy("log_loss", 0.01, Map.of(), Map.of());

    assertThat(byLoss.decide(Map.of("log_loss", 0.30), Map.of("log_loss", 0.32)))
        .isEqualTo(
            new PromotionPolicy.Verdict(
                true,
                false,
                "better: log_loss 0.3000 against the champion's 0.3200 (margin 0.0100)"));
    assertThat(byLoss.decide(Map.of("log_loss", 0.32), Map.of("log_loss", 0.30)).promote())
        .isFalse();
  }

  @Test
  void anEqualScoreIsNotBetterEvenWithoutAMargin() {
    PromotionPolicy policy = new PromotionPolicy("accuracy", 0, Map.of(), Map.of());

    assertThat(policy.decide(Map.of("accuracy", 0.9), Map.of("accuracy", 0.9)).promote()).isFalse();
  }

  @Test
  void aMissingBoundedMetricFailsTheBound() {
    PromotionPolicy policy = new PromotionPolicy("accuracy", 0, Map.of(), Map.of("ece", 0.1));

    assertThat(policy.decide(Map.of("accuracy", 0.9), null))
        .isEqualTo(
            new PromotionPolicy.Verdict(
                false, true, "below the quality bounds: ece missing (maximum 0.1000)"));
  }

  @Test
  void refusesUnknownMetricsAndNegativeMargins() {
    assertThatThrownBy(() -> new PromotionPolicy("acuracy", 0, Map.of(), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "the promotion metric must name an evaluation metric, one of accuracy, macro_f1,"
                + " pr_auc, roc_auc (higher is better) or brier, ece, log_loss (lower is better),"
                + " but was 'acuracy'");
    assertThatThrownBy(() -> new PromotionPolicy("accuracy", -0.1, Map.of(), Map.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("the promotion margin must be a number >= 0, but was -0.1");
  }
}
