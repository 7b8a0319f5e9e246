/** How a spec is resolved: the schema's defaults, service placement and the plan hash. Not an API. */
package io.kombify.spec.internal.resolve;
