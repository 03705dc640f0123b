package io.polarity.model.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundPlanTest {
  private final RoundPlan plan = new RoundPlan(42, 7, 3); // 21 rows a worker and round

  @Test
  void anEpochHasTheRoundsItsLargestShardNeeds() {
    assertThat(plan.rounds(new long[] {50, 23})).isEqualTo(3);
    assertThat(plan.rounds(new long[] {21, 21})).isEqualTo(1);
    assertThat(plan.rounds(new long[] {22, 0})).isEqualTo(2);
    assertThat(plan.rounds(new long[] {0, 0})).isZero();
  }

  /** A shard of 23 rows: rounds of 21 and 2 rows, then nothing (it sits out the third round). */
  @Test
  void theRoundsOfAShardCoverItOnceTheLastShortAndThenNothing() {
    List<int[]> slices = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      slices.add(new int[] {plan.from(round, 23), plan.to(round, 23)});
    }

    assertThat(slices).containsExactly(new int[] {0, 21}, new int[] {21, 23}, new int[] {23, 23});
  }

  @Test
  void anEpochsOrderIsAPermutationFixedBySeedEpochAndWorker() {
    int[] order = plan.order(50, 3, 1);

    assertThat(order).hasSize(50).containsExactlyInAnyOrder(range(50));
    assertThat(plan.order(50, 3, 1)).containsExactly(order);
    assertThat(new RoundPlan(42, 16, 1).order(50, 3, 1)).containsExactly(order);
    assertThat(plan.order(50, 4, 1)).isNotEqualTo(order);
    assertThat(plan.order(50, 3, 0)).isNotEqualTo(order);
    assertThat(new RoundPlan(7, 7, 3).order(50, 3, 1)).isNotEqualTo(order);
  }

  private static int[] range(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }
}
