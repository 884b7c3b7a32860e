using CsCheck;
using HyperFlow.Runtime.Tests.Process;
using HyperFlow.Runtime.Tests.Timers;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.InMemory;

namespace HyperFlow.Runtime.Tests.Checkpoints;

/// <summary>
/// Event-time timers and the state they guard survive restarts: the keyed process function of
/// <see cref="SessionJob"/> (payments wait in map state for an event-time timer, sessions close at a
/// second timer) runs with checkpoints every few milliseconds while its source fails at random payments;
/// each restart restores the map and value state and the timers from the latest checkpoint, and the
/// committed sessions, alerts and rejections equal the reference's, with Flink's timestamps.
/// </summary>
public class TimerRecoveryTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(2);

    private static readonly Gen<(Payment[] Payments, int Parallelism, int IntervalMs, int[] Failures)> s_scenarios =
        Gen.Select(Gen.Long[1, 6], Gen.Long[-20, 200], Gen.Long[0, 80])
            .Array[200, 2_000]
            .Select(steps =>
            {
                long time = 1_000;
                return steps.Select(s => new Payment(s.Item1, s.Item2, time += s.Item3)).ToArray();
            })
            .SelectMany(payments => Gen.Select(Gen.Int[1, 2], Gen.Int[1, 10], Gen.Int[0, payments.Length - 1].Array[0, 3])
                .Select(rest => (payments, rest.Item1, rest.Item2, rest.Item3)));

    [Theory]
    [InlineData("InMemory", 20)]
    [InlineData("Faster", 8)]
    public async Task RandomFailures_SessionsFromRestoredTimersMatchTheReference(string backend, int iterations)
    {
        await s_scenarios.SampleAsync(
            async scenario =>
            {
                using var directory = new TempDirectory();
                var source = new ReplayableArraySource<Payment>(scenario.Payments);
                foreach (int index in scenario.Failures)
                {
                    source.FailOnceAt(index);
                }

                var sessions = new TransactionalSink<Session>();
                var alerts = new TransactionalSink<Alert>();
                var rejections = new TransactionalSink<KeyedValue<long, long>>();
                JobResult result = await new JobHost(SessionJob.Definition, new JobOptions
                {
                    Parallelism = scenario.Parallelism,
                    // FASTER checkpoints the operator's state and its timers' store natively.
                    StateBackend = backend == "Faster"
                        ? new FasterStateBackend(new FasterStoreOptions { Directory = Path.Combine(directory.Path, "faster"), IndexBuckets = 1 << 12 })
                        : InMemoryStateBackend.Instance,
                    Checkpointing = new CheckpointingOptions(directory.Path) { Interval = TimeSpan.FromMilliseconds(scenario.IntervalMs) },
                    RestartStrategy = RestartStrategy.FixedDelay(maxAttempts: 10, delay: TimeSpan.Zero),
                })
                    .BindSource("payments", source)
                    .BindSink("sessions", sessions)
                    .BindSink("alerts", alerts)
                    .BindSink("rejections", rejections)
                    .RunAsync()
                    .WaitAsync(s_generous);

                Assert.InRange(result.Restarts, Math.Min(source.Failures, 1), source.Failures);
                Assert.Equal(SessionReference.Sessions(scenario.Payments), SessionReference.Canonical(sessions.CommittedWithTimestamps));
                Assert.Equal(SessionReference.Alerts(scenario.Payments), SessionReference.Canonical(alerts.CommittedWithTimestamps));
                Assert.Equal(SessionReference.Rejected(scenario.Payments), rejections.CommittedWithTimestamps.Select(static r => (r.Value.Key, r.Timestamp)).Order());
            },
            iter: iterations);
    }
}
