package io.realtime.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The application the starter's tests start: its services are ordinary components, one of which needs another
 * bean besides {@code Topics}; Spring Security logs users in with a form, and lets everyone through.
 */
@SpringBootApplication
public class DemoApplication {

    /** Everyone may connect; a form login at {@code POST /login} (204, or 401) makes a request's principal. */
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .formLogin(form -> form.successHandler((request, response, authentication) -> response.setStatus(204))
                        .failureHandler((request, response, failure) -> response.setStatus(401)))
                // The runtime defends its POST uplink itself (same origin, and a header a form cannot send).
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice").roles("USER").build());
    }
}
