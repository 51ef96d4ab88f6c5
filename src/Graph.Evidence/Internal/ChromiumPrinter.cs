using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Graph.Evidence.Internal;

/// <summary>
/// One headless Chromium kept running for many PDFs, driven over the Chrome DevTools Protocol (a WebSocket on a
/// loopback port): each report opens in its own tab and is printed with <c>Page.printToPDF</c>. Starting Chromium
/// costs about two seconds per process; exporting hundreds of rings with <c>--print-to-pdf</c> would spend nearly
/// all its time there. The browser runs with the same switches as the one-shot command (no sandbox, no GPU, no
/// background networking, no component updates, a throw-away profile) and prints without header and footer, so no
/// local path or print date lands on the page.
/// </summary>
internal sealed class ChromiumPrinter : IDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _profile;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JObject>> _pending = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _loaded = new();
    private readonly ConcurrentBag<(string Target, string Session)> _idleTabs = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;
    private readonly TimeSpan _timeout;
    private int _nextId;

    private ChromiumPrinter(Process process, string profile, TimeSpan timeout, Uri endpoint)
    {
        _process = process;
        _profile = profile;
        _timeout = timeout;
        using var cts = new CancellationTokenSource(timeout);
        _socket.ConnectAsync(endpoint, cts.Token).GetAwaiter().GetResult();
        _receiver = Task.Run(ReceiveLoop);
    }

    /// <summary>Starts Chromium and connects; null and the reason when that fails (the caller falls back to one process per PDF).</summary>
    public static (ChromiumPrinter? Printer, string? Failure) Start(string chromium, TimeSpan timeout)
    {
        var profile = Path.Combine(Path.GetTempPath(), "fg-chromium-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo(chromium)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank",
        }) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, e.Message);
        }
        process.StandardOutput.ReadToEndAsync();
        // Chromium announces its endpoint on stderr: "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID".
        var found = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new StringBuilder();
        _ = Task.Run(() =>
        {
            string? line;
            while ((line = process.StandardError.ReadLine()) is not null)
            {
                int at = line.IndexOf("ws://", StringComparison.Ordinal);
                if (line.Contains("DevTools listening", StringComparison.Ordinal) && at >= 0) found.TrySetResult(line[at..].Trim());
                else if (stderr.Length < 2000) stderr.AppendLine(line);
            }
            found.TrySetResult(null);
        });
        string? endpoint = found.Task.Wait(timeout) ? found.Task.Result : null;
        if (endpoint is null)
        {
            Kill(process, profile);
            return (null, "Chromium did not open its DevTools endpoint: " + stderr.ToString().Trim());
        }
        try
        {
            return (new ChromiumPrinter(process, profile, timeout, new Uri(endpoint)), null);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            Kill(process, profile);
            return (null, "Chromium's DevTools endpoint refused the connection: " + e.Message);
        }
    }

    /// <summary>
    /// Prints <paramref name="htmlPath"/> to <paramref name="pdfPath"/>; null on success, else the reason. Tabs are
    /// kept and reused (one per concurrent caller): a new tab costs a renderer process, a navigation does not.
    /// </summary>
    public string? Print(string htmlPath, string pdfPath)
    {
        (string Target, string Session)? tab = null;
        try
        {
            tab = _idleTabs.TryTake(out var idle) ? idle : OpenTab();
            var loaded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _loaded[tab.Value.Session] = loaded;
            Call("Page.navigate", new JObject { ["url"] = new Uri(htmlPath).AbsoluteUri }, tab.Value.Session);
            if (!loaded.Task.Wait(_timeout)) throw new InvalidOperationException($"Chromium did not finish loading the report within {_timeout.TotalSeconds:0} s");
            var pdf = Call("Page.printToPDF", new JObject
            {
                ["printBackground"] = true,
                ["preferCSSPageSize"] = true,
                ["displayHeaderFooter"] = false,
                // An accessibility-tagged PDF costs an accessibility tree per page; the report is also given as HTML.
                ["generateTaggedPDF"] = false,
                ["generateDocumentOutline"] = false,
            }, tab.Value.Session);
            File.WriteAllBytes(pdfPath, Convert.FromBase64String((string)pdf["data"]!));
            _idleTabs.Add(tab.Value);
            return null;
        }
        catch (InvalidOperationException e)
        {
            if (tab is { } broken)
            {
                try { Call("Target.closeTarget", new JObject { ["targetId"] = broken.Target }, null); } catch (InvalidOperationException) { }
            }
            return e.Message;
        }
    }

    private (string Target, string Session) OpenTab()
    {
        var targetId = (string)Call("Target.createTarget", new JObject { ["url"] = "about:blank" }, null)["targetId"]!;
        var session = (string)Call("Target.attachToTarget", new JObject { ["targetId"] = targetId, ["flatten"] = true }, null)["sessionId"]!;
        Call("Page.enable", new JObject(), session);
        return (targetId, session);
    }

    /// <summary>Sends one command and waits for its answer; a protocol error or a timeout is an <see cref="InvalidOperationException"/>.</summary>
    private JToken Call(string method, JObject parameters, string? session)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null) message["sessionId"] = session;
        var bytes = Encoding.UTF8.GetBytes(message.ToString(Formatting.None));
        _sendLock.Wait();
        try
        {
            using var cts = new CancellationTokenSource(_timeout);
            _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cts.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            _pending.TryRemove(id, out _);
            throw new InvalidOperationException($"Chromium connection failed during {method}: {e.Message}", e);
        }
        finally
        {
            _sendLock.Release();
        }
        if (!reply.Task.Wait(_timeout))
        {
            _pending.TryRemove(id, out _);
            throw new InvalidOperationException($"Chromium did not answer {method} within {_timeout.TotalSeconds:0} s");
        }
        var answer = reply.Task.Result;
        if (answer["error"] is { } error) throw new InvalidOperationException($"Chromium refused {method}: {error["message"]}");
        return answer["result"] ?? new JObject();
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var node = JObject.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                message.SetLength(0);
                if (node is null) continue;
                if (node["id"] is { } idNode)
                {
                    if (_pending.TryRemove((int)idNode, out var waiter)) waiter.TrySetResult(node);
                }
                else if ((string?)node["method"] == "Page.loadEventFired" && (string?)node["sessionId"] is { } session
                    && _loaded.TryGetValue(session, out var loaded))
                {
                    loaded.TrySetResult(true);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException)
        {
            // The browser went away or we are stopping: fail whoever still waits.
        }
        foreach (var waiter in _pending.Values) waiter.TrySetException(new InvalidOperationException("Chromium closed the connection"));
    }

    public void Dispose()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                try { Call("Browser.close", new JObject(), null); } catch (InvalidOperationException) { }
            }
        }
        finally
        {
            _stop.Cancel();
            try { _receiver.Wait(2000); } catch (AggregateException) { }
            _socket.Dispose();
            if (!_process.WaitForExit(5000)) Kill(_process, _profile);
            else Kill(null, _profile);
            _process.Dispose();
            _sendLock.Dispose();
            _stop.Dispose();
        }
    }

    private static void Kill(Process? process, string profile)
    {
        try { if (process is { HasExited: false }) { process.Kill(entireProcessTree: true); process.WaitForExit(5000); } }
        catch (InvalidOperationException) { }
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
