using HyperFlow.Runtime.ProcessFunctions;
using HyperFlow.Timers;

namespace HyperFlow;

/// <summary>
/// What a keyed process function's <see cref="OnTimerAttribute"/> method sees: everything a
/// <see cref="ProcessContext{TKey}"/> offers, for the timer's key, with <see cref="ProcessContext{TKey}.Timestamp"/>
/// the timer's time, and which clock the timer followed. As Apache Flink's <c>OnTimerContext</c>.
/// </summary>
/// <remarks>
/// Timers may be registered and deleted here too; an event-time timer registered at or before the
/// watermark being advanced to fires in the same advance.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
public sealed class TimerContext<TKey> : ProcessContext<TKey>
    where TKey : notnull
{
    internal TimerContext(KeyedProcessOperator<TKey> op)
        : base(op)
    {
    }

    /// <summary>Whether the timer followed event time (the watermark) or processing time (the job's clock).</summary>
    public TimeDomain Domain { get; private set; }

    internal void Enter(in TKey key, ulong keyHash, long time, TimeDomain domain)
    {
        Domain = domain;
        // Outputs of event-time timers are stamped with the timer's time; those of processing-time
        // timers carry no event time (Flink erases their timestamp).
        Enter(key, keyHash, time, domain == TimeDomain.EventTime ? time : long.MinValue);
    }
}
