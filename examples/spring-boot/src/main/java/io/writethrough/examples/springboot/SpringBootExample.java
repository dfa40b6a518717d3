package io.writethrough.examples.springboot;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Spring Boot with the writethrough starter on the classpath and, in {@code application.properties}, nothing
 * writethrough-specific but {@code spring.datasource.url=jdbc:writethrough:…} and the {@code writethrough.*} entries
 * that map the table. Boot's HikariCP pool gets the writethrough driver from the URL and the entries as its settings;
 * {@code @Transactional} commits and rollbacks reach Redis like the database.
 */
@SpringBootApplication
public class SpringBootExample {

    public static void main(String[] args) {
        SpringApplication.run(SpringBootExample.class, args).close();
    }

    /** The story: two accounts, a transfer that commits and an overdraft that rolls back. */
    @Bean
    CommandLineRunner transfers(Accounts accounts) {
        return args -> {
            long alice = accounts.open("Alice", 100);
            long bob = accounts.open("Bob", 0);
            accounts.transfer(alice, bob, 30);                 // committed: Redis holds 70 and 30
            try {
                accounts.transfer(alice, bob, 500);            // Bob's credit runs, Alice's debit breaks the CHECK
            } catch (DataIntegrityViolationException e) {
                System.out.println("overdraft refused and rolled back, in Redis too");
            }
            System.out.printf("HGETALL account:%d -> balance %d; HGETALL account:%d -> balance %d%n",
                    alice, accounts.balance(alice), bob, accounts.balance(bob));
        };
    }
}
