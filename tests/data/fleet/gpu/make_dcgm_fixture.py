#!/usr/bin/env python3
"""Writes dcgm_h100x2.prom, a /metrics response in the shape NVIDIA's dcgm-exporter serves
(Prometheus text format 0.0.4), and dcgm_h100x2.json, every sample it wrote (name, labels
unescaped, value, timestamp), which is what a parser of the .prom must read back. No recording
of a real exporter exists here, so the fields, their types and help texts are those of
dcgm-exporter's documented default counters file (etc/default-counters.csv), in its order, plus
DCGM_FI_DEV_POWER_MGMT_LIMIT as a site's counters file adds it; the labels are the ones the
exporter puts on every sample (gpu, UUID, pci_bus_id, device, modelName, Hostname,
DCGM_FI_DRIVER_VERSION). The values are made up for two H100 SXM GPUs. Three things the
exporter does not usually send are added to test the parser: a timestamp (GPU 1's power), a
NaN (GPU 1's management limit) and an err_msg label on GPU 1's XID error carrying every escape.

    python3 make_dcgm_fixture.py   (in this folder; rewrites both files)"""
import json
import math

COUNTERS = [  # field, type, help, (GPU 0's value, GPU 1's value)
    ("DCGM_FI_DEV_SM_CLOCK", "gauge", "SM clock frequency (in MHz).", (1980, 1755)),
    ("DCGM_FI_DEV_MEM_CLOCK", "gauge", "Memory clock frequency (in MHz).", (2619, 2619)),
    ("DCGM_FI_DEV_MEMORY_TEMP", "gauge", "Memory temperature (in C).", (70, 66)),
    ("DCGM_FI_DEV_GPU_TEMP", "gauge", "GPU temperature (in C).", (61, 58)),
    ("DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W).", (312.5, 298.04)),
    ("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter", "Total energy consumption since boot (in mJ).",
     (123456789012, 118000000500)),
    ("DCGM_FI_DEV_PCIE_TX_THROUGHPUT", "counter",
     "Total number of bytes transmitted through PCIe TX (in KB) via NVML.", (4021, 3977)),
    ("DCGM_FI_DEV_PCIE_RX_THROUGHPUT", "counter",
     "Total number of bytes received through PCIe RX (in KB) via NVML.", (10233, 9870)),
    ("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "counter", "Total number of PCIe retries.", (0, 0)),
    ("DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %).", (97, 93)),
    ("DCGM_FI_DEV_MEM_COPY_UTIL", "gauge", "Memory utilization (in %).", (41, 38)),
    ("DCGM_FI_DEV_ENC_UTIL", "gauge", "Encoder utilization (in %).", (0, 0)),
    ("DCGM_FI_DEV_DEC_UTIL", "gauge", "Decoder utilization (in %).", (0, 0)),
    ("DCGM_FI_DEV_XID_ERRORS", "gauge", "Value of the last XID error encountered.", (0, 79)),
    ("DCGM_FI_DEV_FB_FREE", "gauge", "Framebuffer memory free (in MiB).", (1528, 2017)),
    ("DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB).", (79551, 79062)),
    ("DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", "counter",
     "Total number of NVLink bandwidth counters for all lanes", (0, 0)),
    ("DCGM_FI_DEV_VGPU_LICENSE_STATUS", "gauge", "vGPU License status", (0, 0)),
    ("DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS", "counter",
     "Number of remapped rows for uncorrectable errors", (0, 0)),
    ("DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS", "counter", "Number of remapped rows for correctable errors", (0, 0)),
    ("DCGM_FI_DEV_ROW_REMAP_FAILURE", "gauge", "Whether remapping of rows has failed", (0, 0)),
    ("DCGM_FI_DEV_POWER_MGMT_LIMIT", "gauge", "Power management limit (in W).", (700, math.nan)),
]
GPUS = [
    {"gpu": "0", "UUID": "GPU-5d2c1a8e-93f4-4b0e-8c1d-2a7f0e6b9c31", "pci_bus_id": "00000000:18:00.0",
     "device": "nvidia0", "modelName": "NVIDIA H100 80GB HBM3", "Hostname": "gpu-node-07",
     "DCGM_FI_DRIVER_VERSION": "550.127.08"},
    {"gpu": "1", "UUID": "GPU-e81b44f0-0c6a-4d29-b5a3-7f1d9e2c4a08", "pci_bus_id": "00000000:2A:00.0",
     "device": "nvidia1", "modelName": "NVIDIA H100 80GB HBM3", "Hostname": "gpu-node-07",
     "DCGM_FI_DRIVER_VERSION": "550.127.08"},
]
TIMESTAMP = ("DCGM_FI_DEV_POWER_USAGE", 1, 1767225600123)
ERR_MSG = ("DCGM_FI_DEV_XID_ERRORS", 1, 'Graphics Engine "Exception" at C:\\gpu\nsee dmesg')


def escape(v):
    return v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def number(v):
    if isinstance(v, float) and math.isnan(v):
        return "NaN"
    return repr(v) if isinstance(v, float) else str(v)


text, samples = [], []
for field, typ, help_text, values in COUNTERS:
    text.append(f"# HELP {field} {help_text}")
    text.append(f"# TYPE {field} {typ}")
    for i, labels in enumerate(GPUS):
        labels = dict(labels)
        if (field, i) == ERR_MSG[:2]:
            labels["err_msg"] = ERR_MSG[2]
        ts = TIMESTAMP[2] if (field, i) == TIMESTAMP[:2] else None
        inner = ",".join(f'{k}="{escape(v)}"' for k, v in labels.items())
        text.append(f"{field}{{{inner}}} {number(values[i])}" + (f" {ts}" if ts is not None else ""))
        samples.append({"name": field, "labels": labels, "value": number(values[i]) if isinstance(
            values[i], float) and math.isnan(values[i]) else values[i], "timestamp_ms": ts})

with open("dcgm_h100x2.prom", "w") as f:
    f.write("\n".join(text) + "\n")
with open("dcgm_h100x2.json", "w") as f:  # one sample a line, so a diff shows which
    f.write("[\n" + ",\n".join(json.dumps(s) for s in samples) + "\n]\n")
