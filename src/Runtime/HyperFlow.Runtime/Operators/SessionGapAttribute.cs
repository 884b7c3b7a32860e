namespace HyperFlow;

/// <summary>
/// Marks a static method that gives each event the gap of its session window, in milliseconds
/// (Flink's dynamic session gap). Signature: <c>static long Name(in T value)</c>. Use it with
/// <see cref="Windows.DynamicSessionWindows{TIn}.WithGap(SessionGapFunction{TIn})"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SessionGapAttribute : Attribute
{
}
