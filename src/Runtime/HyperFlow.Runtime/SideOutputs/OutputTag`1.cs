namespace HyperFlow;

/// <summary>
/// Names a side output: a second stream of type <typeparamref name="T"/> that an operator emits besides
/// its main output (late data, alerts, rejected records), as Apache Flink's <c>OutputTag</c>. Declare
/// it once, as a <c>static readonly</c> field with a constant name; process functions emit to it with
/// <see cref="ProcessContext{TKey}.Output{T}(OutputTag{T}, in T)"/> and the pipeline continues with
/// its stream through <see cref="IStream{T}.SideOutput{TSide}(OutputTag{TSide}, Action{IStream{TSide}})"/>.
/// </summary>
/// <typeparam name="T">The type of the side output's records.</typeparam>
/// <example>
/// <code>
/// internal static readonly OutputTag&lt;Payment&gt; Suspicious = new("suspicious");
///
/// [Pipeline]
/// static void Define(IPipelineBuilder p) => p
///     .From&lt;Payment&gt;("payments")
///     .KeyBy(Account)
///     .Process&lt;FraudCheck, Payment&gt;()
///     .SideOutput(Suspicious, s => s.To("suspicious"))
///     .To("accepted");
/// </code>
/// </example>
public sealed class OutputTag<T> : IEquatable<OutputTag<T>>
{
    /// <summary>Creates a tag.</summary>
    /// <param name="name">The side output's name, unique in the job (two tags of one name and type are the same tag).</param>
    public OutputTag(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The side output's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public bool Equals(OutputTag<T>? other) => other is not null && (ReferenceEquals(this, other) || string.Equals(Name, other.Name, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as OutputTag<T>);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => $"OutputTag<{typeof(T).Name}>(\"{Name}\")";
}
