namespace HyperFlow;

/// <summary>
/// Marks the method of a keyed process function that handles its timers:
/// <c>public void Name(long time, TimerContext&lt;TKey&gt; context, Collector&lt;TOut&gt; output)</c>,
/// in the same class as its <see cref="ProcessAttribute"/> method.
/// </summary>
/// <remarks>
/// A timer fires once per (key, time) however often it was registered, in time order: event-time
/// timers when the operator's watermark reaches their time, before that watermark goes downstream;
/// processing-time timers when the job's clock reaches theirs. The call comes from the slot thread
/// that processes the key's events, between events, with the key's state as current. Outputs of an
/// event-time timer carry the timer's time as their timestamp; outputs of a processing-time timer
/// carry none (<see cref="long.MinValue"/>), as in Apache Flink.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTimerAttribute : Attribute
{
}
