namespace HyperFlow.Graph;

/// <summary>The kind of an operator in a <see cref="JobGraph"/>.</summary>
public enum OperatorKind
{
    /// <summary>Reads events from a bound <see cref="ISource{T}"/>.</summary>
    Source,

    /// <summary>A <see cref="MapAttribute"/> method.</summary>
    Map,

    /// <summary>A <see cref="FilterAttribute"/> method.</summary>
    Filter,

    /// <summary>A <see cref="FlatMapAttribute"/> method: zero or more outputs per input.</summary>
    FlatMap,

    /// <summary>A <see cref="KeyByAttribute"/> method; ends its chain with a hash exchange.</summary>
    KeyBy,

    /// <summary>An <see cref="AggregateAttribute"/> method with keyed state.</summary>
    Aggregate,

    /// <summary>A <see cref="ReduceAttribute"/> method with keyed state.</summary>
    Reduce,

    /// <summary>Writes events to a bound <see cref="ISink{T}"/>.</summary>
    Sink,

    /// <summary>A <see cref="TimestampAttribute"/> method: assigns timestamps and generates watermarks per source partition.</summary>
    Timestamp,

    /// <summary>A keyed process function (<see cref="ProcessAttribute"/>) with keyed state and timers.</summary>
    Process,

    /// <summary>A window operator (see <see cref="IWindowedStream{TKey, T}"/>) with keyed state; its uid is that of its aggregate, reduce or process method.</summary>
    Window,
}
