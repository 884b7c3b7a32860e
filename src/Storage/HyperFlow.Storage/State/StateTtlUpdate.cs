namespace HyperFlow.Storage.State;

/// <summary>Which accesses restart a state entry's time to live.</summary>
public enum StateTtlUpdate
{
    /// <summary>Creating or writing the entry restarts its time to live (Flink's default).</summary>
    OnCreateAndWrite = 0,

    /// <summary>Reading the entry restarts its time to live too.</summary>
    OnReadAndWrite = 1,
}
