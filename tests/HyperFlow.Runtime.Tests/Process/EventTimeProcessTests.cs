using CsCheck;

namespace HyperFlow.Runtime.Tests.Process;

/// <summary>
/// The generated <see cref="SessionJob"/> on the real engine, on random payments with ascending
/// timestamps (so none is late), at parallelism 1 and 2: sessions closed by event-time timers, large
/// payments through a mapped side output, rejected ones through a keyed and aggregated side output,
/// all as the reference computes them, with the timestamps Flink would give them.
/// </summary>
public class EventTimeProcessTests
{
    private static readonly TimeSpan s_generous = TimeSpan.FromMinutes(1);

    private static readonly Gen<Payment[]> s_payments =
        Gen.Select(Gen.Long[1, 5], Gen.Long[-20, 200], Gen.Long[0, 80])
            .Array[0, 300]
            .Select(steps =>
            {
                // Timestamps ascend (several payments may share one); gaps around the session gap.
                long time = 1_000;
                return steps.Select(s => new Payment(s.Item1, s.Item2, time += s.Item3)).ToArray();
            });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomPayments_MatchTheReference(int parallelism)
    {
        s_payments.Sample(payments => RunAndCompare(payments, parallelism), iter: 12, threads: 1);
    }

    [Fact]
    public async Task Sessions_CloseAtTheirTimerWithItsTimestamp_BeforeTheWatermarkGoesOn()
    {
        Payment[] payments = [new(1, 10, 100), new(1, 20, 120), new(2, 5, 130), new(1, 0, 135), new(1, 7, 400), new(2, 1, 401)];
        var sessions = new TimestampedSink<Session>();
        var rejections = new TimestampedSink<KeyedValue<long, long>>();
        await Run(payments, 1, sessions, new TimestampedSink<Alert>(), rejections);

        // Account 1: 100 and 120 (closed at 170), 400 (closed at the end); account 2: 130 (closed at 180), 401.
        Assert.Equal(
            [(new Session(1, 30, 2, 100, 120), 170L), (new Session(1, 7, 1, 400, 400), 450L), (new Session(2, 5, 1, 130, 130), 180L), (new Session(2, 1, 1, 401, 401), 451L)],
            sessions.Records.OrderBy(r => r.Value.Account).ThenBy(r => r.Timestamp));
        Assert.Equal([(new KeyedValue<long, long>(1, 1), 135L)], rejections.Records);
        Assert.Empty(sessions.LateRecords);
        Assert.Equal([400L, long.MaxValue], sessions.WatermarksOf(0));
    }

    private static void RunAndCompare(Payment[] payments, int parallelism)
    {
        var sessions = new TimestampedSink<Session>();
        var alerts = new TimestampedSink<Alert>();
        var rejections = new TimestampedSink<KeyedValue<long, long>>();
        JobResult result = Run(payments, parallelism, sessions, alerts, rejections).GetAwaiter().GetResult();

        Assert.Equal(SessionReference.Sessions(payments), SessionReference.Canonical(sessions.Records));
        Assert.Equal(SessionReference.Alerts(payments), SessionReference.Canonical(alerts.Records));
        List<(long Account, long Timestamp)> rejected = SessionReference.Rejected(payments);
        Assert.Equal(rejected, rejections.Records.Select(r => (r.Value.Key, r.Timestamp)).Order());
        // The side output's keyed aggregate counts each account's rejections 1, 2, ... n.
        Assert.Equal(
            rejected.GroupBy(r => r.Account).SelectMany(g => Enumerable.Range(1, g.Count()).Select(n => (g.Key, (long)n))).Order(),
            rejections.Records.Select(r => (r.Value.Key, r.Value.Value)).Order());
        // Records that went through a side output count once, at their sink.
        Assert.Equal(sessions.Records.Count + alerts.Records.Count + rejections.Records.Count, result.RecordsWritten);
        Assert.Equal(payments.Length, result.RecordsRead);
        // Timer outputs (and side outputs) reach every sink ahead of the watermark that fired them.
        Assert.Empty(sessions.LateRecords.Concat(alerts.LateRecords).Concat(rejections.LateRecords));
    }

    private static Task<JobResult> Run(Payment[] payments, int parallelism, TimestampedSink<Session> sessions, TimestampedSink<Alert> alerts, TimestampedSink<KeyedValue<long, long>> rejections)
        => new JobHost(SessionJob.Definition, new JobOptions { Parallelism = parallelism })
            .BindSource("payments", new Jobs.ArraySource<Payment>(payments))
            .BindSink("sessions", sessions)
            .BindSink("alerts", alerts)
            .BindSink("rejections", rejections)
            .RunAsync()
            .WaitAsync(s_generous);
}
