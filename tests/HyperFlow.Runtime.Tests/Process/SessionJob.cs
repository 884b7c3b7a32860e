using HyperFlow.Storage.State;

namespace HyperFlow.Runtime.Tests.Process;

/// <summary>A payment of <see cref="Amount"/> on <see cref="Account"/> at <see cref="TimeMs"/>; amounts of 0 or less are rejected.</summary>
public readonly record struct Payment(long Account, long Amount, long TimeMs);

/// <summary>The payments of one account with less than <see cref="Sessions.GapMs"/> between them.</summary>
public readonly record struct Session(long Account, long Sum, long Count, long Start, long Last);

/// <summary>What a large payment raises.</summary>
public readonly record struct Alert(long Account, long Amount);

/// <summary>The sum of the payments of the same timestamp, waiting for the watermark.</summary>
public readonly record struct Pending(long Sum, long Count);

/// <summary>
/// Sessions per account in event time, as Flink users write them with a keyed process function:
/// each payment waits in map state until the watermark passes its timestamp (an event-time timer at
/// that time, deduplicated per time), so payments are taken in timestamp order; a session closes at
/// its last payment's time plus <see cref="GapMs"/> (a second timer). Rejected payments go to one side
/// output, large ones (also summed) to another.
/// </summary>
public sealed class Sessions(KeyedStateStore<long> state)
{
    public const long GapMs = 50;
    public const long LargeAmount = 150;

    private readonly MapState<long, Pending> _pending = state.GetMapState(new MapStateDescriptor<long, Pending>("pending"));
    private readonly ValueState<Session> _open = state.GetValueState(new ValueStateDescriptor<Session>("open"));

    [Process]
    public void Add(in Payment payment, ProcessContext<long> context, Collector<Session> output)
    {
        if (payment.Amount <= 0)
        {
            context.Output(SessionJob.Rejected, payment);
            return;
        }

        if (payment.Amount >= LargeAmount)
        {
            context.Output(SessionJob.Large, payment);
        }

        Pending pending = _pending.TryGet(context.Timestamp, out Pending p) ? p : default;
        _pending.Put(context.Timestamp, new Pending(pending.Sum + payment.Amount, pending.Count + 1));
        context.RegisterEventTimeTimer(context.Timestamp);
    }

    [OnTimer]
    public void Fire(long time, TimerContext<long> context, Collector<Session> output)
    {
        bool open = _open.TryGet(out Session session);
        if (open && time >= session.Last + GapMs)
        {
            output.Emit(session);
            _open.Clear();
            open = false;
        }

        if (_pending.TryGet(time, out Pending pending))
        {
            _pending.Remove(time);
            session = open
                ? session with { Sum = session.Sum + pending.Sum, Count = session.Count + pending.Count, Last = time }
                : new Session(context.Key, pending.Sum, pending.Count, time, time);
            _open.Update(session);
            context.RegisterEventTimeTimer(time + GapMs);
        }
    }
}

/// <summary>payments (timestamps) → key by account → sessions, large payments → alerts, rejected ones → count per account.</summary>
[Job("test-sessions")]
public static partial class SessionJob
{
    internal static readonly OutputTag<Payment> Rejected = new("rejected");
    internal static readonly OutputTag<Payment> Large = new("large");

    [Timestamp]
    internal static long TimeOf(in Payment p) => p.TimeMs;

    [KeyBy]
    internal static long Account(in Payment p) => p.Account;

    [Map]
    internal static Alert ToAlert(in Payment p) => new(p.Account, p.Amount);

    [Aggregate(Uid = "rejections-per-account")]
    internal static void CountRejected(ref long count, in Payment p) => count++;

    [Pipeline]
    static void Define(IPipelineBuilder p) => p
        .From<Payment>("payments")
        .Timestamps(TimeOf)
        .KeyBy(Account)
        .Process<Sessions, Session>()
        .SideOutput(Large, large => large.Map(ToAlert).To("alerts"))
        .SideOutput(Rejected, rejected => rejected.KeyBy(Account).Aggregate<long>(CountRejected).To("rejections"))
        .To("sessions");
}
