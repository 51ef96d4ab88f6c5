namespace Graph.Cli;

/// <summary>Prints errors the same way for every command and returns the exit code to use.</summary>
public static class CliErrors
{
    public static int BadInput(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.BadInput;
    }

    public static int Failure(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.Failure;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that calls back synchronously on the reporting thread (unlike <see cref="Progress{T}"/>).</summary>
public sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
