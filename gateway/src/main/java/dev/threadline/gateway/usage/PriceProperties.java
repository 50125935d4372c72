package dev.threadline.gateway.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

import dev.threadline.common.usage.UsageDay;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Optional prices per model, in any one currency unit per million tokens, e.g.
 * {@code threadline.usage.prices[gpt-4.1-mini].input-per-million=0.40} (brackets keep the dots of a model name).
 *
 * @param prices by model name
 */
@ConfigurationProperties("threadline.usage")
record PriceProperties(@DefaultValue Map<String, Price> prices) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** What a day row cost in the price unit; null when its model has no price. */
    @Nullable BigDecimal costOf(UsageDay day) {
        Price price = prices.get(day.model());
        if (price == null) {
            return null;
        }
        long cached = Math.min(day.cachedTokens(), day.inputTokens());
        BigDecimal cachedPrice = price.cachedInputPerMillion() != null ? price.cachedInputPerMillion()
                : price.inputPerMillion();
        return price.inputPerMillion().multiply(BigDecimal.valueOf(day.inputTokens() - cached))
                .add(cachedPrice.multiply(BigDecimal.valueOf(cached)))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(day.outputTokens())))
                .divide(MILLION, 6, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /**
     * @param inputPerMillion uncached input tokens
     * @param outputPerMillion output tokens
     * @param cachedInputPerMillion input tokens served from the provider's prompt cache; unset, the input price
     */
    record Price(@DefaultValue("0") BigDecimal inputPerMillion, @DefaultValue("0") BigDecimal outputPerMillion,
            @Nullable BigDecimal cachedInputPerMillion) {
    }
}
