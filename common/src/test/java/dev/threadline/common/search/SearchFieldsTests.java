package dev.threadline.common.search;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import dev.threadline.model.message.Message;
import dev.threadline.model.thread.ChatThread;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchFieldsTests {

    @Test
    void everyFieldNameIsARecordComponentOfTheDocumentItNames() throws IllegalAccessException {
        for (Field field : SearchFields.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
                continue;
            }
            String stored = (String) field.get(null);
            if (stored.equals("_id")) {
                continue;
            }
            Class<?> document = field.getName().startsWith("MESSAGE_") ? Message.class
                    : field.getName().startsWith("THREAD_") && !field.getName().equals("THREAD_ID") ? ChatThread.class
                    : SearchEntry.class;
            assertThat(components(document)).as("%s names a component of %s", field.getName(), document.getSimpleName())
                    .contains(stored);
        }
    }

    private static Set<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
    }
}
