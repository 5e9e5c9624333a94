"""Intent classification: the taxonomy's 18 labels from a message's embedding and text.

`train.load_or_train` gives the model (training it when missing or stale), `model.IntentModel`
predicts, `evaluate.evaluate_intent` measures it. Nothing is imported here, so importing the
package costs nothing until a part is used.
"""
