namespace HyperFlow.Generators.Model
{
    /// <summary>A keyed process function as the pipeline uses it: its class, its methods and what it emits to.</summary>
    /// <param name="FunctionType">The fully qualified class.</param>
    /// <param name="ProcessMethod">The [Process] method's name (escaped).</param>
    /// <param name="TimerMethod">The [OnTimer] method's name (escaped); empty when the function has none (then it has no timers).</param>
    /// <param name="TakesStore">Whether the constructor takes the keyed state store (else it takes nothing).</param>
    /// <param name="EmittedTags">The side output tag fields (fully qualified) its code emits to.</param>
    /// <param name="TagsKnown">Whether <paramref name="EmittedTags"/> is complete: false when a tag is not a field, or the context is passed to other code.</param>
    internal sealed record ProcessModel(
        string FunctionType,
        string ProcessMethod,
        string TimerMethod,
        bool TakesStore,
        EquatableArray<string> EmittedTags,
        bool TagsKnown)
    {
        public bool HasTimers => TimerMethod.Length > 0;
    }
}
