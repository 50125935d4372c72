package dev.threadline.worker.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.threadline.model.wardrobe.WardrobeItem;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** {@code search_wardrobe}: the requesting user's own garments matching words of a query, optionally by category. */
@Component
class SearchWardrobeTool implements Tool {

    private final MongoTemplate mongo;
    private final ToolProperties properties;

    SearchWardrobeTool(MongoTemplate mongo, ToolProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "search_wardrobe";
    }

    @Override
    public String description() {
        return "Search the user's own wardrobe items by words (name, colour, description) and optional category.";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("type", "object", "properties", Map.of(
                "query", Map.of("type", "string", "description", "Words to look for, e.g. 'navy blazer'"),
                "category", Map.of("type", "string", "description",
                        "Optional category: tops, bottoms, dresses, outerwear, shoes, accessories")),
                "required", List.of("query"), "additionalProperties", false);
    }

    @Override
    public Object execute(ToolContext context, JsonNode arguments) {
        String query = arguments.path("query").asString("").strip();
        if (query.length() > 200) {
            throw new ToolException("query must be at most 200 characters");
        }
        List<Criteria> criteria = new ArrayList<>();
        criteria.add(Criteria.where("userId").is(context.userId()));
        String category = arguments.path("category").asString("").strip();
        if (!category.isEmpty()) {
            criteria.add(Criteria.where("category").regex("^" + Pattern.quote(category) + "$", "i"));
        }
        List<Criteria> words = new ArrayList<>();
        for (String word : query.split("\\s+")) {
            if (!word.isBlank()) {
                String literal = Pattern.quote(word);
                words.add(new Criteria().orOperator(Criteria.where("name").regex(literal, "i"),
                        Criteria.where("color").regex(literal, "i"), Criteria.where("description").regex(literal, "i"),
                        Criteria.where("category").regex(literal, "i")));
            }
        }
        if (!words.isEmpty()) {
            criteria.add(new Criteria().orOperator(words));
        }
        List<WardrobeItem> items = mongo.find(Query.query(new Criteria().andOperator(criteria))
                .with(Sort.by("name")).limit(properties.maxWardrobeResults()), WardrobeItem.class,
                WardrobeItem.COLLECTION);
        return Map.of("items", items.stream().map(SearchWardrobeTool::summary).toList(), "count", items.size());
    }

    private static Map<String, Object> summary(WardrobeItem item) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", item.name());
        summary.put("category", item.category());
        if (item.color() != null) {
            summary.put("color", item.color());
        }
        if (item.description() != null) {
            summary.put("description", item.description());
        }
        return summary;
    }
}
