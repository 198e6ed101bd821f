/**
 * The test harness, shared by every black-box test:
 * <ul>
 *   <li>{@link io.beadhub.testing.TestServer} — the real server on a fresh database, with an HTTP client
 *       ({@link io.beadhub.testing.Resp}) and the server's {@link io.beadhub.testing.TestClock};</li>
 *   <li>{@link io.beadhub.testing.Agents} — registers an agent over {@code /v1/init} and returns an
 *       {@link io.beadhub.testing.Agent}; {@link io.beadhub.testing.TwoProjects} — the specs' set-up of
 *       projects P (agents A, B) and Q (agent C);</li>
 *   <li>{@link io.beadhub.testing.Beads} — the shared beads fixture files, the smoke issues of spec 40,
 *       and the sync, upload and push requests that load them;</li>
 *   <li>{@link io.beadhub.testing.SseClient} — the one client for the SSE streams;
 *       {@link io.beadhub.testing.ProxyAuth} — headers signed by the trusted proxy;
 *       {@link io.beadhub.testing.Keys} — a self-custodial agent's key pair;</li>
 *   <li>PostgreSQL and Redis for tests ({@link io.beadhub.testing.TestPostgres},
 *       {@link io.beadhub.testing.StoppablePostgres}, {@link io.beadhub.testing.TestRedis}).</li>
 * </ul>
 */
package io.beadhub.testing;
