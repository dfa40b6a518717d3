/**
 * The mapping configuration: properties parsed into an immutable model ({@link io.writethrough.mapping.MappingConfig}),
 * every setting with its default and description ({@link io.writethrough.mapping.Setting},
 * {@link io.writethrough.mapping.TableSetting}), every validation message, and key templates with their injective
 * rendering ({@link io.writethrough.mapping.KeyTemplate}). No JDBC, no Redis, no threads.
 */
package io.writethrough.mapping;
