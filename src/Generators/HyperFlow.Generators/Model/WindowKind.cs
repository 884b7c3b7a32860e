namespace HyperFlow.Generators.Model
{
    /// <summary>The window assigners a pipeline declaration can name (HyperFlow.Windows' assigner types).</summary>
    internal enum WindowKind
    {
        Tumbling,
        Sliding,
        Session,

        /// <summary>Session windows whose gap a [SessionGap] method gives per element.</summary>
        DynamicSession,
        Global,
    }
}
