package dev.threadline.gateway.docs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The REST API's OpenAPI document ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}): every call takes a bearer JWT. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer-jwt";

    @Bean
    OpenAPI threadlineOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Threadline REST API").version("0.1.0")
                        .description("Threads, messages, assistants and feedback of PROTOCOL.md §2. Events stream over "
                                + "STOMP (see docs/asyncapi.yaml). Errors are application/problem+json with a code.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
