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
            String[] path = stored.split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                document = componentType(document, path[i]);
            }
            assertThat(components(document)).as("%s names a component of %s", field.getName(), document.getSimpleName())
                    .contains(path[path.length - 1]);
        }
    }

    private static Class<?> componentType(Class<?> record, String name) {
        return Arrays.stream(record.getRecordComponents()).filter(component -> component.getName().equals(name))
                .findFirst().map(RecordComponent::getType).orElseThrow(() -> new AssertionError(
                        name + " is not a component of " + record.getSimpleName()));
    }

    private static Set<String> components(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
    }
}
