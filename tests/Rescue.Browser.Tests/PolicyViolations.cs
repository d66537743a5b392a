using Microsoft.Playwright;

namespace Rescue.Browser.Tests;

/// <summary>Records what a page's Content-Security-Policy refused, from the browser's own violation events.</summary>
internal static class PolicyViolations
{
    /// <summary>Starts recording on every document the page opens from now on.</summary>
    public static Task RecordAsync(IPage page) => page.AddInitScriptAsync(
        "window.__refused = []; document.addEventListener('securitypolicyviolation', e => " +
        "window.__refused.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));");

    /// <summary>What the current document refused so far.</summary>
    public static async Task<string[]> OfAsync(IPage page) => await page.EvaluateAsync<string[]>("window.__refused || []");
}
