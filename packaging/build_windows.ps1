# Builds the Windows app from the repository:
#   dist\NeuralPlayground\                                  the one-folder app (NeuralPlayground.exe)
#   dist\NeuralPlayground-<version>-windows-x64-setup.exe   the installer (Inno Setup 6)
#   dist\SHA256SUMS                                         its checksum
# then runs the built app's self-test. Needs Python 3.11 (x64) and Inno Setup 6 (https://jrsoftware.org/isinfo.php;
# iscc on the PATH or in its default folder). PyPI's torch for Windows is the CPU build.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

function Invoke-Checked([string]$what, [scriptblock]$command) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit status $LASTEXITCODE)" }
}

$version = (Select-String -Path playground\__init__.py -Pattern '^__version__ = "(.+)"').Matches[0].Groups[1].Value
$python = if ($env:PYTHON) { $env:PYTHON } else { "python" }
$venvPython = "build\venv\Scripts\python.exe"

Write-Host "== build environment (build\venv)"
if (-not (Test-Path $venvPython)) { Invoke-Checked "creating build\venv" { & $python -m venv build\venv } }
Invoke-Checked "pip install" {
    & $venvPython -m pip install --disable-pip-version-check -e . -r packaging\requirements.txt
}
Invoke-Checked "drawing the icons" { & $venvPython packaging\make_icon.py --platform-icons build\icons }

Write-Host "== PyInstaller (one folder: dist\NeuralPlayground)"
Invoke-Checked "PyInstaller" {
    & $venvPython -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller `
        packaging\playground.spec
}

Write-Host "== self-test"
# The app is windowed (no console), so its one line of output is captured through a redirected handle.
$selfTest = Start-Process -FilePath dist\NeuralPlayground\NeuralPlayground.exe -ArgumentList "--self-test" `
    -NoNewWindow -Wait -PassThru -RedirectStandardOutput build\self-test.txt -RedirectStandardError build\self-test.err
Get-Content build\self-test.txt
if ($selfTest.ExitCode -ne 0) {
    Get-Content build\self-test.err
    throw "the self-test failed (exit status $($selfTest.ExitCode))"
}

Write-Host "== installer (Inno Setup)"
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
Invoke-Checked "Inno Setup" { & $iscc /Q "/DAppVersion=$version" packaging\windows\NeuralPlayground.iss }
$setup = Get-Item "dist\NeuralPlayground-$version-windows-x64-setup.exe"
$setup | Format-Table Name, Length
# Checksums beside the installer, in sha256sum's format (certutil -hashfile FILE SHA256 checks one by hand)
"{0}  {1}" -f (Get-FileHash $setup.FullName -Algorithm SHA256).Hash.ToLower(), $setup.Name |
    Set-Content -Encoding ascii dist\SHA256SUMS
