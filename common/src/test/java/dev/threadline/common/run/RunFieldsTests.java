package dev.threadline.common.run;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunFieldsTests {

    @Test
    void everyFieldNameIsARecordComponentOfTheDocumentItWrites() throws IllegalAccessException {
        for (Field field : RunFields.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
                continue;
            }
            String stored = (String) field.get(null);
            if (stored.equals("_id") || RunFields.STORAGE_ONLY.contains(stored)) {
                continue;
            }
            Class<?> document = field.getName().startsWith("THREAD_") && !field.getName().equals("THREAD_ID")
                    ? ChatThread.class : field.getName().startsWith("MESSAGE_") ? Message.class : Run.class;
            assertThat(components(document)).as("%s names a component of %s", field.getName(), document.getSimpleName())
                    .contains(stored);
        }
    }

    private static Set<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
    }
}
