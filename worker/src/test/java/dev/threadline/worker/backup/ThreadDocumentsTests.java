package dev.threadline.worker.backup;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** Archiving a thread takes every stored document that belongs to it: no stored record with a {@code threadId} is forgotten. */
class ThreadDocumentsTests {

    @Test
    void everyStoredRecordWithAThreadIdIsAPerThreadCollection() throws ReflectiveOperationException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter((reader, factory) -> reader.getClassMetadata().getSuperClassName() != null
                && reader.getClassMetadata().getSuperClassName().equals(Record.class.getName()));
        Set<String> storedWithThreadId = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.threadline")) {
            Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), getClass().getClassLoader());
            Field collection = collectionField(type);
            if (collection != null && Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                    .anyMatch(ThreadDocuments.THREAD_ID::equals)) {
                storedWithThreadId.add((String) collection.get(null));
            }
        }

        assertThat(storedWithThreadId).containsExactlyInAnyOrderElementsOf(ThreadDocuments.PER_THREAD)
                .contains("messages", "runs", "moderations");
    }

    private static Field collectionField(Class<?> type) {
        try {
            Field field = type.getField("COLLECTION");
            return Modifier.isStatic(field.getModifiers()) && field.getType() == String.class ? field : null;
        }
        catch (NoSuchFieldException ex) {
            return null;
        }
    }
}
