/**
 * From an ImageMirror spec to a job the engine runs, shared by the CLI and the operator: {@link
 * io.hagicode.imagemirror.app.job.SpecValidator} finishes the checks the api module cannot make (image references,
 * platforms, semver ranges), {@link io.hagicode.imagemirror.app.job.ValidatedSpec#toJob} resolves each endpoint's
 * credentials through a {@link io.hagicode.imagemirror.app.job.CredentialsResolver} (a docker config.json for the CLI,
 * Secrets for the operator), and {@link io.hagicode.imagemirror.app.job.RegistrySyncEngine} runs jobs with registry
 * clients made in one place. The api module stays a model without the engine or its HTTP stack.
 */
package io.hagicode.imagemirror.app.job;
