namespace HyperFlow.Windows;

/// <summary>Which clock assigns elements to time windows and fires them.</summary>
public enum WindowTime
{
    /// <summary>The elements' timestamps, fired by the watermark (the default).</summary>
    EventTime = 0,

    /// <summary>The operator's processing-time clock when an element arrives, fired by that clock.</summary>
    ProcessingTime = 1,
}
