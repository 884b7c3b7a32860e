namespace HyperFlow.Timers;

/// <summary>The clock a timer follows, as in Apache Flink.</summary>
public enum TimeDomain : byte
{
    /// <summary>Event time: the timer fires when the operator's watermark reaches its time.</summary>
    EventTime = 0,

    /// <summary>Processing time: the timer fires when the wall clock (Unix milliseconds) reaches its time.</summary>
    ProcessingTime = 1,
}
