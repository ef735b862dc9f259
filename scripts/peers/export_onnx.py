# Writes each shape of a suite (shapes.json schema) as a one-node ONNX model, ConvTranspose with
# bias, for ONNX Runtime. Needs PyTorch (Debian: apt-get install -y python3-torch).
#   python3 export_onnx.py SUITE.json OUT_DIR
import json
import sys

import torch


def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


suite, out = sys.argv[1], sys.argv[2]
for s in json.load(open(suite)):
    layer = torch.nn.ConvTranspose2d(s['Cin'], s['Cout'], pair(s['K']), stride=pair(s['S']), padding=pair(s['P']),
                                     output_padding=pair(s['OP']), dilation=pair(s['D']), groups=s['G']).eval()
    x = torch.randn(s['N'], s['Cin'], s['H'], s['W'])
    torch.onnx.export(layer, x, f"{out}/{s['name']}.onnx", opset_version=13, input_names=['x'], output_names=['y'])
