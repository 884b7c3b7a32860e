namespace HyperFlow;

/// <summary>
/// Marks the method of a keyed process function that handles each event:
/// <c>public void Name(in TIn value, ProcessContext&lt;TKey&gt; context, Collector&lt;TOut&gt; output)</c>.
/// A process function is a class with one such instance method and at most one
/// <see cref="OnTimerAttribute"/> method; a pipeline applies it to a keyed stream with
/// <see cref="IKeyedStream{TKey, T}.Process{TFunction, TOut}"/>.
/// </summary>
/// <remarks>
/// <para>The engine creates one instance of the class per subtask, when the job starts, with its
/// public constructor that takes the operator's <c>KeyedStateStore&lt;TKey&gt;</c> (or its
/// parameterless one): create the state handles there, once, and keep them in fields. Before each
/// call the store's current key is the event's key, so the handles read and write that key's state.</para>
/// <para>The generated chain calls the method directly (no delegate, interface or virtual call per
/// event); calls for one subtask come from one thread, never concurrently with its timers.</para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class SumUntilIdle(KeyedStateStore&lt;long&gt; state)
/// {
///     private readonly ValueState&lt;long&gt; _sum = state.GetValueState(new ValueStateDescriptor&lt;long&gt;("sum"));
///
///     [Process]
///     public void Add(in Payment p, ProcessContext&lt;long&gt; context, Collector&lt;Total&gt; output)
///     {
///         _sum.Update(_sum.GetValueOrDefault() + p.Amount);
///         context.RegisterEventTimeTimer(context.Timestamp + 60_000);
///     }
///
///     [OnTimer]
///     public void Flush(long time, TimerContext&lt;long&gt; context, Collector&lt;Total&gt; output)
///         => output.Emit(new Total(context.Key, _sum.GetValueOrDefault()));
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ProcessAttribute : Attribute
{
    /// <summary>
    /// The operator's unique id in the job. Its keyed state and timers are saved under it, so set it
    /// explicitly to keep them across code changes. Defaults to the class name.
    /// </summary>
    public string? Uid { get; set; }
}
